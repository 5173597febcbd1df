from rest_framework import serializers

from ..models import Department, Person, Site, WorkUnit


class SiteSerializer(serializers.ModelSerializer):
    class Meta:
        model = Site
        fields = ["id", "code", "name", "address", "headcount", "is_active"]


class DepartmentSerializer(serializers.ModelSerializer):
    class Meta:
        model = Department
        fields = ["id", "site", "name"]


class WorkUnitSerializer(serializers.ModelSerializer):
    class Meta:
        model = WorkUnit
        fields = ["id", "site", "department", "name", "description", "headcount"]


class PersonSerializer(serializers.ModelSerializer):
    class Meta:
        model = Person
        fields = [
            "id",
            "first_name",
            "last_name",
            "email",
            "job_title",
            "site",
            "department",
            "work_unit",
            "role",
        ]
