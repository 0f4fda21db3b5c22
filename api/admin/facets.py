"""Facet counts ("Show counts" beside the list filters) of the filters not in use, in one query.

Django counts each filter's facets in a query of its own, over the list filtered by every *other*
filter: a scan of the table per filter, 25 ms each at 100k rows (0.18 s of SQL for the five filters
of data-warehouse users). A filter the request does not use excludes nothing, so every such filter
counts over the same rows, the list's own: they are counted together, in one query. A filter in use
still counts in a query of its own (over the rows the other filters leave), as in Django.
"""

from django.contrib.admin.filters import FacetsMixin
from django.contrib.admin.views.main import ChangeList


class FacetedChangeList(ChangeList):
    def __init__(self, request, *args, **kwargs):
        super().__init__(request, *args, **kwargs)
        if self.add_facets:
            self.count_idle_facets_together(request)

    def count_idle_facets_together(self, request):
        idle = [
            spec
            for spec in self.filter_specs
            if isinstance(spec, FacetsMixin) and not request.GET.keys() & set(spec.expected_parameters())
        ]
        if len(idle) < 2:
            return
        counts = {
            f"f{n}_{name}": count
            for n, spec in enumerate(idle)
            for name, count in spec.get_facet_counts(self.pk_attname, self.queryset).items()
        }
        counted = self.queryset.aggregate(**counts)
        for n, spec in enumerate(idle):
            own = {
                name.removeprefix(f"f{n}_"): value
                for name, value in counted.items()
                if name.startswith(f"f{n}_")
            }
            # What the filter's choices() asks for its counts, in the shape it would have counted them.
            spec.get_facet_queryset = lambda changelist, own=own: own
