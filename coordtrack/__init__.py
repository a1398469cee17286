"""coordtrack — sổ theo dõi quy chế phối hợp và hội nghị sơ kết, tổng kết."""

__version__ = "0.1.0"
