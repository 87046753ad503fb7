/**
 * H5 bundles only: `import { View, Text } from '@tarojs/components'` becomes one import per
 * component, each from its own copy of Taro's React wrappers module
 * (`@tarojs/components/lib/react/components.js?View`).
 *
 * Taro's wrappers for every component live in one module, and webpack decides which of a module's
 * exports to keep for the whole app: each page's chunk carried the Stencil code of all nine
 * components the app uses anywhere (button, input, picker, textarea, …, ~45 KB), which a returning
 * start parses, runs and caches before the page can render. A copy per component (webpack keeps a
 * module per query) keeps only that component's wrapper and, the package's scripts being free of
 * side effects, only its Stencil file; copies of one component are one module, so each is defined
 * once. Type-only imports are left to TypeScript.
 */
const SOURCE = '@tarojs/components'
const PER_COMPONENT = '@tarojs/components/lib/react/components.js'

module.exports = function h5ComponentImports({ types: t }) {
  return {
    name: 'h5-component-imports',
    visitor: {
      ImportDeclaration(path) {
        const { node } = path
        if (node.source.value !== SOURCE || node.importKind === 'type') return
        const values = node.specifiers.filter((s) => t.isImportSpecifier(s) && s.importKind !== 'type')
        // A default or namespace import takes the whole module: leave it whole.
        if (values.length === 0 || node.specifiers.some((s) => !t.isImportSpecifier(s))) return
        const replacements = values.map((s) =>
          t.importDeclaration(
            [s],
            t.stringLiteral(`${PER_COMPONENT}?${t.isIdentifier(s.imported) ? s.imported.name : s.imported.value}`),
          ),
        )
        const types = node.specifiers.filter((s) => !values.includes(s))
        if (types.length > 0) replacements.push(t.importDeclaration(types, t.stringLiteral(SOURCE)))
        path.replaceWithMultiple(replacements)
      },
    },
  }
}
