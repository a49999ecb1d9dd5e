"""The compliance audit: the rule catalogue evaluated over every domain, findings, the monitoring import."""
