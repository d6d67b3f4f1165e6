"""Logging helpers for settings.LOGGING: a log a person can read.

The log shows one line per request (the web server's access log), and warnings and
errors. Lines that repeat with the traffic or the queue rather than with anything a
person did (each task a worker runs, each poll of the news feed, the health check) are
DEBUG: `LOG_LEVEL=DEBUG` shows them again.
"""

import logging


class Demote(logging.Filter):
    """A handler filter: INFO records from `loggers` (names or their prefixes) are
    lowered to DEBUG, and let through only when `level` (the configured LOG_LEVEL) is
    DEBUG. Failures stay what they are: only INFO is lowered. (The news feed's polls and
    the health check are left out of the access log by core/accesslog.py itself.)"""

    def __init__(self, loggers=(), level="INFO"):
        super().__init__()
        self.loggers = tuple(loggers)
        self.level = logging.getLevelName(level) if isinstance(level, str) else level

    def filter(self, record):
        if record.levelno != logging.INFO or not self.chatty(record):
            return True
        record.levelno, record.levelname = logging.DEBUG, "DEBUG"
        return self.level <= logging.DEBUG

    def chatty(self, record):
        return record.name in self.loggers or record.name.startswith(
            tuple(f"{name}." for name in self.loggers)
        )
