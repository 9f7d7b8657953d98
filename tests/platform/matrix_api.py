"""The security matrix's entries for the API's URL patterns (api/urls.py), in the form of
tests/platform/test_security_matrix.py's MATRIX, which takes them in."""

API_MATRIX: dict = {}
