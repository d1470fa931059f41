"""Staff pages of the sales app: imports (imports.py, games.py) and analytics
(analytics.py, finance.py, targets.py)."""
