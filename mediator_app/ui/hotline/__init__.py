"""The 12345工单 window and its forms (docs/hotline.md)."""
