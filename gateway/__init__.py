"""The gateway: the only public door (keys, limits, routing, one OpenAPI) and its delivery worker."""
