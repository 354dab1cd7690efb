"""Renderers: Document -> bytes. They know the document model and nothing of lessons."""
