"""Files that move records in and out of the register: meeting files, whole-register exports,
CSV, and the bulk insert path they share."""
