"""Streaming imports (orders, FAQ knowledge): read row by row, write in batches, report every bad row.

Memory stays bounded whatever the file size: one batch of rows is held at a time, and one row is at
most `MAX_LINE_BYTES` (JSON Lines) or the csv module's field limit (CSV).
"""
