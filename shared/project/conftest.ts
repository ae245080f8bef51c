/** A root conftest.py puts the project folder on sys.path, so tests/ can import the pipeline scripts. */
export const ROOT_CONFTEST =
  '"""Makes pytest put the project folder on sys.path, so tests import the pipeline scripts."""\n';
