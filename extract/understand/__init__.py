"""What a report says: attachments and sections, forms, statements, identity.

Everything here reads the :class:`~jixiao.model.Document` that ``extract.read``
produced; nothing here opens a file.
"""
