"""The engine that builds the figures: finds the figure jobs the page modules list
(registry.py), keys them by what decides their bytes (keys.py), takes them from the cache or makes them in worker processes
(cache.py, runner.py), writes them with their manifest and the claims' verdicts (manifest.py,
pipeline.py), and hands them to MkDocs (gen_files.py, on_demand.py), through a warm starter
process (starter.py). The command line is cli.py."""
