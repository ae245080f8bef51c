// inquirer for the bundled bin, imported on the first question (a --yes run asks none): the
// prompt module the adapter creates at start-up forwards to the real one, made on first use.
export function createPromptModule(options) {
  const registered = new Map();
  let real;
  const prompt = async (questions, answers) => {
    if (!real) {
      const inquirer = await import('real:inquirer');
      real = inquirer.createPromptModule(options);
      for (const [name, type] of registered) real.registerPrompt(name, type);
    }
    return real(questions, answers);
  };
  prompt.prompts = {};
  prompt.registerPrompt = (name, type) => {
    registered.set(name, type);
    real?.registerPrompt(name, type);
    return prompt;
  };
  prompt.restoreDefaultPrompts = () => registered.clear();
  return prompt;
}
