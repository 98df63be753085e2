"""`mediator-cli`: the services without a screen, for administrators, scripts and tests."""
