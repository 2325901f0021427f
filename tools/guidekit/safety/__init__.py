"""Reader safety data: the helpline registry, phone numbers in text, the distress matcher."""
