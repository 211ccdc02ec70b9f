"""ParVaiPret's Django apps: one noun a journalist would use per app (see README)."""
