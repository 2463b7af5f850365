"""Official documents: issuers, numbering, layouts, DOCX/PDF, certificates, signatures and
public verification (docs/documents.md). Other domains issue documents only through here."""
