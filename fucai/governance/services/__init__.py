"""Every governance write with a business rule, one module per topic. Views, the API,
Celery tasks and the demo call these; never the reverse."""
