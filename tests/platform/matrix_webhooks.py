"""The security matrix's entries for the webhooks' URL patterns (webhooks/urls.py), in the form
of tests/platform/test_security_matrix.py's MATRIX, which takes them in."""

WEBHOOKS_MATRIX: dict = {}
