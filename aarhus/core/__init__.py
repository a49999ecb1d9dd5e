"""Shared foundations: settings, extensions, column types, time, i18n, files, PDF, cache, web, guard."""
