"""Database functions Django does not ship."""

from django.db.models import Func, IntegerField


class JSONArrayLength(Func):
    """The length of a JSON array column, counted by the database (so a list page need
    not load a long array to print its length)."""

    function = "JSON_ARRAY_LENGTH"
    output_field = IntegerField()

    def as_postgresql(self, compiler, connection, **extra_context):
        return self.as_sql(compiler, connection, function="JSONB_ARRAY_LENGTH", **extra_context)
