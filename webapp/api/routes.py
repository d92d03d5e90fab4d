"""Routes for this feature."""
