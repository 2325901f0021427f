"""Reader safety data: the helpline registry and phone numbers in text."""
