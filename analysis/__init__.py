"""News analysis toolkit."""
