from django import template
from django.utils.html import format_html

register = template.Library()

IMPORT_STATUS_COLORS = {"succeeded": "green", "failed": "red"}


@register.simple_tag
def import_status(batch):
    """An import batch's status badge (printed in every row of the import list)."""
    return format_html(
        '<span class="badge bg-{}-lt" data-status="{}">{}</span>',
        IMPORT_STATUS_COLORS.get(batch.status, "azure"),
        batch.status,
        batch.get_status_display(),
    )
