from django.urls import path

from . import apis

urlpatterns = [
    path("exchange-rates/", apis.ExchangeRateListCreateApi.as_view(), name="exchange-rate-list"),
    path("exchange-rates/import/", apis.ExchangeRateImportApi.as_view(), name="exchange-rate-import"),
]
