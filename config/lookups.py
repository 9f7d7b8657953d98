"""`field__one_of=ids`: a long list of ids sent as one parameter, not one per id.

The engine's jobs select and update by the ids they found due: 50,000 to 100,000 of them
after a backlog. As `pk__in=ids`, Django builds one placeholder per id and PostgreSQL plans
each: 0.5 s to compile and 1.0 s to count 57,000 ids on the benchmark's machine, against
0.17 s for the same count as `= ANY(array)` (docs/performance.md). SQLite gets the ids as
one JSON text, read by json_each().
"""

import json

from django.db.models import Field, ForeignObject, Lookup


class OneOf(Lookup):
    lookup_name = "one_of"
    prepare_rhs = False  # a list of ids, not one value of the field

    def _ids(self) -> list[int]:
        return [int(value) for value in self.rhs]

    def as_sql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        return f"{lhs} IN (SELECT value FROM json_each(%s))", (*lhs_params, json.dumps(self._ids()))

    def as_postgresql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        column_type = self.lhs.output_field.db_type(connection) or "bigint"
        return f"{lhs} = ANY(%s::{column_type}[])", (*lhs_params, self._ids())


# Related fields (a foreign key, a one-to-one primary key) read only their own class's lookups.
Field.register_lookup(OneOf)
ForeignObject.register_lookup(OneOf)
