"""A bare Django project served beside the app by the staff benchmark (bench/staff_load.py):
the yardstick its throughput ratios are taken against."""
