"""The API asks the same policy as the pages (qsse.core.permissions)."""

from rest_framework.permissions import SAFE_METHODS, BasePermission

from qsse.core.choices import Operation
from qsse.core.permissions import Scope, can, grant


class RolePermission(BasePermission):
    """List/retrieve need VIEW; POST needs CREATE; PUT/PATCH need EDIT; DELETE needs DELETE.

    Querysets are scoped by the viewset (``scope_queryset``), so a record outside the user's sites
    answers 404; an operation the role lacks answers 403.
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
        return grant(request.user, operation, model) is not Scope.NONE

    def has_object_permission(self, request, view, obj) -> bool:
        if request.method in SAFE_METHODS:
            return can(request.user, Operation.VIEW, obj)
        operation = self.method_operations.get(request.method, Operation.EDIT)
        if getattr(view, "action", None) in getattr(view, "workflow_operations", {}):
            operation = view.workflow_operations[view.action]
        return can(request.user, operation, obj)
