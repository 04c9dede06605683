"""The look-ups every hot request makes, as SQL built once instead of on every call.

The ORM compiles a queryset's SQL anew each time it runs. For the look-up that each vote, pin and viewport request
starts with (the module from the URL, with its project and settings, following foreign keys like select_related),
compiling took several times the CPU that PostgreSQL needed to answer (benchmarks/poll_votes.py, pins.py).
A ``PreparedLookup`` writes that SELECT once and makes the same model instances the ORM would: related objects
cached on their parents, left-out fields deferred (loaded on first access, as with ``defer()``).
"""

from __future__ import annotations

import threading
from dataclasses import dataclass

from django.db import connections, router
from django.db.models import Model


@dataclass
class _Step:
    path: str  # "" for the model looked up, else the relation path, e.g. "module__project"
    alias: str
    model: type[Model]
    fields: list
    relation: object = None  # the forward field, or the reverse one-to-one relation, that leads here
    reverse: bool = False


class PreparedLookup:
    """One row of ``model`` with forward foreign keys and reverse one-to-ones followed, chosen by ``where``.

    ``where`` is SQL with ``{path}`` for each table's alias (``{self}`` for the model's own table) and ``%s`` for
    parameters, e.g. ``"{module}.slug = %s"``; ``defer`` names fields to leave out, e.g. ``"module__project__area"``.
    ``annotate`` maps attribute names to SQL expressions (the same aliases, no parameters) whose values are set on
    the instance looked up, as ``QuerySet.annotate`` would.
    """

    def __init__(self, model: type[Model], *, where: str, follow: tuple[str, ...] = (), defer: tuple[str, ...] = (),
                 annotate: dict[str, str] | None = None):
        self.model, self.where, self.follow, self.defer = model, where, follow, set(defer)
        self.annotate = dict(annotate or {})
        self._built: dict[str, tuple[str, list[_Step]]] = {}
        self._local = threading.local()

    def _steps(self) -> tuple[list[_Step], list[tuple[str, _Step, _Step]]]:
        steps = {"": _Step("", "t0", self.model, self._fields("", self.model))}
        joins = []
        for number, path in enumerate(self.follow, start=1):
            parent_path, _, name = path.rpartition("__")
            parent = steps[parent_path]
            relation = parent.model._meta.get_field(name)
            reverse = not relation.concrete  # a reverse one-to-one: the key is on the other side
            target = relation.related_model
            step = _Step(path, f"t{number}", target, self._fields(path, target), relation, reverse)
            steps[path] = step
            joins.append((parent_path, parent, step))
        return list(steps.values()), joins

    def _fields(self, path: str, model: type[Model]) -> list:
        prefix = f"{path}__" if path else ""
        return [f for f in model._meta.concrete_fields if f.primary_key or f"{prefix}{f.name}" not in self.defer]

    def _build(self, using: str):
        connection = connections[using]
        qn = connection.ops.quote_name
        steps, joins = self._steps()
        aliases = {step.path or "self": step.alias for step in steps}
        columns = [f"{step.alias}.{qn(f.column)}" for step in steps for f in step.fields]
        columns += [expression.format(**aliases) for expression in self.annotate.values()]
        sql = [f"SELECT {', '.join(columns)} FROM {qn(self.model._meta.db_table)} AS t0"]
        for _parent_path, parent, step in joins:
            if step.reverse:  # LEFT: the related row may be missing, as select_related allows
                condition = f"{step.alias}.{qn(step.relation.field.column)} = {parent.alias}.{qn(step.relation.field.target_field.column)}"
                kind = "LEFT JOIN"
            else:
                condition = f"{step.alias}.{qn(step.relation.target_field.column)} = {parent.alias}.{qn(step.relation.column)}"
                kind = "LEFT JOIN" if step.relation.null else "JOIN"
            sql.append(f"{kind} {qn(step.model._meta.db_table)} AS {step.alias} ON {condition}")
        sql.append("WHERE " + self.where.format(**aliases))
        return " ".join(sql), steps

    def _converters(self, using: str, steps: list[_Step]) -> list:
        # Per thread: some converters hold a thread's own reader (GEOS's WKB reader is not thread-safe).
        cache = self._local.__dict__.setdefault("converters", {})
        if using not in cache:
            connection = connections[using]
            cache[using] = [[(c, column) for c in connection.ops.get_db_converters(column)
                             + field.get_db_converters(connection)]
                            for step in steps for field in step.fields
                            for column in (field.get_col(step.alias),)]
        return cache[using]

    def get(self, *params) -> Model | None:
        """The one matching row as a model instance (with its related instances), or None."""
        rows = self._rows(params, many=False)
        return self._instance(rows[0]) if rows else None

    def all(self, *params) -> list[Model]:
        """Every matching row as model instances, in the order ``where`` gives (say ``ORDER BY`` there)."""
        return [self._instance(row) for row in self._rows(params, many=True)]

    def _rows(self, params, *, many: bool) -> list:
        using = router.db_for_read(self.model)
        if using not in self._built:
            self._built[using] = self._build(using)
        sql, steps = self._built[using]
        with connections[using].cursor() as cursor:
            cursor.execute(sql, params)
            if many:
                return cursor.fetchall()
            row = cursor.fetchone()
            return [row] if row is not None else []

    def _instance(self, row) -> Model:
        using = router.db_for_read(self.model)
        sql, steps = self._built[using]
        converters = self._converters(using, steps)
        connection = connections[using]
        values = list(row[:len(row) - len(self.annotate)])
        annotations = row[len(values):]
        for index, field_converters in enumerate(converters):
            for converter, column in field_converters:
                values[index] = converter(values[index], column, connection)
        instances: dict[str, Model | None] = {}
        position = 0
        for step in steps:
            chunk = values[position:position + len(step.fields)]
            position += len(step.fields)
            pk_index = next(i for i, f in enumerate(step.fields) if f.primary_key)
            instance = None
            if chunk[pk_index] is not None:
                instance = step.model.from_db(using, [f.attname for f in step.fields], chunk)
            instances[step.path] = instance
            if not step.path:
                continue
            parent = instances[step.path.rpartition("__")[0]]
            if parent is None:
                continue
            if step.reverse:
                step.relation.set_cached_value(parent, instance)
                if instance is not None:
                    step.relation.field.set_cached_value(instance, parent)
            else:
                step.relation.set_cached_value(parent, instance)
                if instance is not None and step.relation.one_to_one:
                    step.relation.remote_field.set_cached_value(instance, parent)
        for name, value in zip(self.annotate, annotations):
            setattr(instances[""], name, value)
        return instances[""]
