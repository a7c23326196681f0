"""Helpers of bench/load.py: percentiles, a loopback HTTP load client and a TCP proxy whose
stop and restart stand in for a database outage. A folder, so `make bench` (bench/*.py) does not
run them as benchmarks of their own."""
