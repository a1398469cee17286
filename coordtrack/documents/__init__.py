"""The documents written from the register: the data for each document, the sandboxed template
renderer, and the .docx writer."""
