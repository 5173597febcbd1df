"""The API asks the same policy as the pages (qsse.core.permissions)."""

from rest_framework.generics import get_object_or_404
from rest_framework.permissions import SAFE_METHODS, BasePermission

from qsse.core.choices import Operation
from qsse.core.permissions import Scope, can, grant


class RolePermission(BasePermission):
    """List/retrieve need VIEW; POST needs CREATE; PUT/PATCH need EDIT; DELETE needs DELETE.

    Querysets are scoped by the viewset (``scope_queryset``), so a record outside the user's sites
    answers 404, whatever the operation; an operation the role lacks answers 403 otherwise.
    """

    method_operations = {
        "POST": Operation.CREATE,
        "PUT": Operation.EDIT,
        "PATCH": Operation.EDIT,
        "DELETE": Operation.DELETE,
    }

    def has_permission(self, request, view) -> bool:
        if not request.user or not request.user.is_authenticated:
            return False
        model = view.get_queryset().model
        operation = (
            Operation.VIEW
            if request.method in SAFE_METHODS
            else self.method_operations.get(request.method, Operation.EDIT)
        )
        if getattr(view, "action", None) in getattr(view, "workflow_operations", {}):
            operation = view.workflow_operations[view.action]
        if grant(request.user, operation, model) is not Scope.NONE:
            return True
        # The role lacks the operation. On one record, one outside the user's scope still answers
        # 404, as the pages do: it does not exist for the user, whatever the operation.
        self._require_visible_record(view)
        return False

    @staticmethod
    def _require_visible_record(view) -> None:
        lookup_url_kwarg = getattr(view, "lookup_url_kwarg", None) or getattr(view, "lookup_field", "pk")
        if lookup_url_kwarg not in view.kwargs:
            return
        get_object_or_404(view.get_queryset(), **{view.lookup_field: view.kwargs[lookup_url_kwarg]})

    def has_object_permission(self, request, view, obj) -> bool:
        if request.method in SAFE_METHODS:
            return can(request.user, Operation.VIEW, obj)
        operation = self.method_operations.get(request.method, Operation.EDIT)
        if getattr(view, "action", None) in getattr(view, "workflow_operations", {}):
            operation = view.workflow_operations[view.action]
        return can(request.user, operation, obj)
