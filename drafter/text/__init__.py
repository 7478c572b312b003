"""Text resources and transforms shared by language detection and classification: normalisation, the
labelled seed examples, transliterated-Russian recognition. Below both stages, so neither imports the other
through them."""
