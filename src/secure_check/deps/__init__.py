"""Dependency audit: the packages a notebook uses, their licences and known vulnerabilities."""
