"""The e-mail channel: IMAP in (UID cursor), SMTP out (threaded plain-text replies). Serves the Amazon
Buyer-Seller Messaging relay and shops that answer by mail (Shopify's contact form, a support mailbox)."""
