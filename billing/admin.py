from django.contrib import admin

from billing.models import Plan


@admin.register(Plan)
class PlanAdmin(admin.ModelAdmin):
    list_display = ["name", "price_display", "interval", "active", "order"]
    list_editable = ["active", "order"]
    prepopulated_fields = {"slug": ["name"]}
    fields = ["name", "slug", "price_cents", "interval", "summary", "includes", "active", "order"]

    @admin.display(description="price")
    def price_display(self, plan: Plan) -> str:
        return plan.price_display
