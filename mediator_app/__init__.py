"""Mediation Desk (调解工作台): dispute files, procedure and documents for people's mediation rooms."""

__version__ = "0.1.0"
APP_NAME = "MediationDesk"
APP_TITLE = "调解工作台"
