"""The preview and kiosk server: serves one built folder over HTTP and knows nothing else of the project."""
