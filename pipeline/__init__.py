"""The site pipeline: source texts -> parsed notices -> pages -> built site."""
