"""Reading .docx/.pdf/.xlsx reports into the document model, and figures/facts from it."""
