"""Charts of a project: gather what each kind of chart shows."""
