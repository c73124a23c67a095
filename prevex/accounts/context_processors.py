def acting(request):
    return {"membership": getattr(request, "membership", None)}
