"""12345 hotline work orders: import, the steps an order goes through, replies (docs/hotline.md)."""
