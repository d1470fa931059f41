"""Re-encrypt every encrypted column under the newest FIELD_ENCRYPTION_KEY.

Rotation, step by step:
1. put the new key first: ``FIELD_ENCRYPTION_KEY=<new>,<old>`` and restart (reads work
   with either key, writes use the new one);
2. ``manage.py rotate_field_keys`` re-encrypts what is still under an old key;
3. drop the old key from the list and restart.

The blind index (``BLIND_INDEX_KEY``) cannot be rotated that way: every stored
``*_digest`` was computed with the old key and lookups by ID number or phone would stop
matching. To change it, set the new ``BLIND_INDEX_KEY`` and run this command with
``--reindex`` straight away: it recomputes every ``<field>_digest`` paired with an
encrypted ``<field>`` from the decrypted value. (One-time codes in flight are hashed
with the old key and simply expire.)

Rows are handled in primary-key batches, each in its own transaction, reading and
writing the stored ciphertext directly; running it again changes nothing.
"""

from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import connection, transaction

from fucai.core import crypto
from fucai.core.fields import EncryptedCharField


def encrypted_models():
    """(model, encrypted fields, {encrypted field name: digest field}) for every model."""
    for model in apps.get_models():
        if model._meta.proxy or not model._meta.managed:
            continue
        fields = [f for f in model._meta.concrete_fields if isinstance(f, EncryptedCharField)]
        if not fields:
            continue
        names = {f.name for f in model._meta.concrete_fields}
        digests = {
            f.name: model._meta.get_field(f.name + "_digest")
            for f in fields
            if f.name + "_digest" in names
        }
        yield model, fields, digests


class Command(BaseCommand):
    help = "Re-encrypt every encrypted field under the newest key (and optionally reindex)."

    def add_arguments(self, parser):
        parser.add_argument("--batch-size", type=int, default=500)
        parser.add_argument(
            "--reindex",
            action="store_true",
            help="also recompute blind-index digests under the current BLIND_INDEX_KEY",
        )

    def handle(self, *args, batch_size: int, reindex: bool, **options):
        totals = {"rows": 0, "rotated": 0, "reindexed": 0}
        for model, fields, digests in encrypted_models():
            counts = self.process(model, fields, digests if reindex else {}, batch_size)
            for key in totals:
                totals[key] += counts[key]
            self.stdout.write(
                "{label}: {rows} rows, {rotated} values re-encrypted, {reindexed} digests "
                "recomputed".format(label=model._meta.label, **counts)
            )
        self.stdout.write(
            self.style.SUCCESS(
                "Done: {rows} rows, {rotated} values re-encrypted, {reindexed} digests "
                "recomputed.".format(**totals)
            )
        )

    def process(self, model, fields, digests, batch_size) -> dict:
        qn = connection.ops.quote_name
        # Identifiers come from model metadata, quoted; every value is a parameter.
        table = qn(model._meta.db_table)
        pk = qn(model._meta.pk.column)
        columns = ", ".join(qn(f.column) for f in fields)
        first = f"SELECT {pk}, {columns} FROM {table} ORDER BY {pk} LIMIT %s"  # noqa: S608
        after = f"SELECT {pk}, {columns} FROM {table} WHERE {pk} > %s ORDER BY {pk} LIMIT %s"  # noqa: S608
        counts = {"rows": 0, "rotated": 0, "reindexed": 0}
        last = None
        while True:
            with transaction.atomic(), connection.cursor() as cursor:
                if last is None:
                    cursor.execute(first, [batch_size])
                else:
                    cursor.execute(after, [last, batch_size])
                rows = cursor.fetchall()
                for row in rows:
                    counts["rows"] += 1
                    assignments, params = [], []
                    for field, token in zip(fields, row[1:], strict=True):
                        if token and not crypto.is_current(token):
                            assignments.append(f"{qn(field.column)} = %s")
                            params.append(crypto.rotate(token))
                            counts["rotated"] += 1
                        digest_field = digests.get(field.name)
                        if digest_field is not None:
                            assignments.append(f"{qn(digest_field.column)} = %s")
                            params.append(crypto.blind_index(crypto.decrypt(token or "")))
                            counts["reindexed"] += 1
                    if assignments:
                        update = f"UPDATE {table} SET {', '.join(assignments)} WHERE {pk} = %s"  # noqa: S608
                        cursor.execute(update, [*params, row[0]])
            if len(rows) < batch_size:
                return counts
            last = rows[-1][0]
