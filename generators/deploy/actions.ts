/**
 * The GitHub Actions this package's workflows use, pinned to a full commit SHA (a tag can be moved
 * to other code; zizmor's unpinned-uses audit), with the release the SHA is, for readers and for
 * Dependabot, which updates both together. Read from each action's repository tags.
 */
export interface PinnedAction {
  uses: string;
  sha: string;
  version: string;
}

export const CHECKOUT: PinnedAction = {
  uses: 'actions/checkout',
  sha: '3d3c42e5aac5ba805825da76410c181273ba90b1',
  version: 'v7.0.1',
};

export const SETUP_PYTHON: PinnedAction = {
  uses: 'actions/setup-python',
  sha: '5fda3b95a4ea91299a34e894583c3862153e4b97',
  version: 'v7.0.0',
};

export const SETUP_UV: PinnedAction = {
  uses: 'astral-sh/setup-uv',
  sha: '20cfd1bf945f4377ade1205e4dbc17946fc9a30d',
  version: 'v10.0.1',
};

export const usesLine = (action: PinnedAction) => `${action.uses}@${action.sha} # ${action.version}`;

/** The runner image and the Python a workflow uses when the project does not pin one (.python-version). */
export const RUNNER = 'ubuntu-latest';
export const DEFAULT_PYTHON = '3.14';
