"""Plain-Python domain: value objects, case model, validation, Chinese formatting. No Qt, SQL or I/O."""
