-- Headless Neovim test of the language server through Neovim's built-in LSP client.
-- Debian's Neovim is 0.7.x: vim.lsp.start() only exists from 0.8, so this uses
-- vim.lsp.start_client + vim.lsp.buf_attach_client (which later versions still have).
-- Run (see run.sh): nvim --headless -n -i NONE --noplugin -u init.lua NOTE.md
-- Environment: E2E_SERVER (dist/server.js), E2E_RULES_DIR (docs/rules), E2E_RULE, E2E_WORD.
-- Prints PASS/FAIL per check and exits 0 when all passed, 1 otherwise.
vim.cmd('filetype on')

local server = os.getenv('E2E_SERVER')
local rules_dir = os.getenv('E2E_RULES_DIR')
local rule = os.getenv('E2E_RULE') or 'overstated-language'
local word = os.getenv('E2E_WORD') or 'flat-lines'
local failures, checks = 0, 0

local function say(s) io.stdout:write(s .. '\n') end
local function check(name, ok, detail)
  checks = checks + 1
  if not ok then failures = failures + 1 end
  say((ok and 'PASS' or 'FAIL') .. ' neovim: ' .. name .. (detail and (' (' .. detail .. ')') or ''))
  return ok
end

local function known_rule_ids()
  local ids = {}
  if rules_dir then
    for _, f in ipairs(vim.fn.readdir(rules_dir)) do
      local id = f:match('^(.*)%.md$')
      if id then ids[id] = true end
    end
  end
  return ids
end

-- The rule id of a diagnostic, wherever this Neovim version keeps the LSP `code`.
local function code_of(d)
  local c = d.code
  if c == nil and d.user_data and d.user_data.lsp then c = d.user_data.lsp.code end
  return c ~= nil and tostring(c) or nil
end

local client_id
vim.api.nvim_create_autocmd('FileType', {
  pattern = 'markdown',
  callback = function(args)
    client_id = vim.lsp.start_client({
      name = 'evidence-lens',
      cmd = { 'node', server, '--stdio' },
      root_dir = vim.fn.getcwd(),
    })
    vim.lsp.buf_attach_client(args.buf, client_id)
  end,
})

local function run()
  if not check('the server script exists', server ~= nil and vim.fn.filereadable(server) == 1, server) then return end
  if not check('Neovim started an LSP client for the Markdown note', client_id ~= nil, vim.bo.filetype) then return end

  local got = vim.wait(30000, function() return #vim.diagnostic.get(0) > 0 end, 50)
  local diags = vim.diagnostic.get(0)
  if not check('diagnostics arrive', got, #diags .. ' diagnostics') then return end

  local ids = known_rule_ids()
  local bad = {}
  for _, d in ipairs(diags) do
    local c = code_of(d)
    if not (c and ids[c] and c ~= 'internal-error') then table.insert(bad, tostring(c) .. ': ' .. d.message) end
  end
  check('every diagnostic has a rule id as code', #bad == 0 and next(ids) ~= nil,
    #bad > 0 and table.concat(bad, '; ') or nil)

  local target
  for _, d in ipairs(diags) do
    local line = vim.api.nvim_buf_get_lines(0, d.lnum, d.lnum + 1, false)[1] or ''
    local text = line:sub(d.col + 1, (d.end_lnum == d.lnum) and d.end_col or #line)
    if code_of(d) == rule and text:find(word, 1, true) then target = d; break end
  end
  if not check('the ' .. rule .. ' diagnostic covers "' .. word .. '"', target ~= nil,
    target and ('line ' .. (target.lnum + 1) .. ': ' .. target.message)) then return end

  vim.api.nvim_win_set_cursor(0, { target.lnum + 1, target.col + 1 })
  local res = vim.lsp.buf_request_sync(0, 'textDocument/hover', vim.lsp.util.make_position_params(), 10000) or {}
  local hover
  for _, r in pairs(res) do
    if r.result and r.result.contents then
      local c = r.result.contents
      if type(c) == 'string' then hover = c
      elseif c.value then hover = c.value
      else hover = table.concat(vim.tbl_map(function(x) return type(x) == 'string' and x or (x.value or '') end, c), '\n') end
    end
  end
  local flat = hover and hover:gsub('[`*_]', ''):gsub('%s+', ' ') or ''
  local msg = target.message:gsub('[`*_]', ''):gsub('%s+', ' ')
  check('a hover request at the finding returns its explanation',
    hover ~= nil and (flat:find(msg, 1, true) ~= nil or flat:find(rule, 1, true) ~= nil),
    'hover: ' .. flat:sub(1, 200))
end

vim.api.nvim_create_autocmd('VimEnter', {
  callback = function()
    local ok, err = pcall(run)
    if not ok then check('no Lua error', false, tostring(err)) end
    if checks == 0 then failures = 1 end
    if client_id then
      vim.lsp.stop_client(client_id)
      vim.wait(2000, function() return vim.lsp.get_client_by_id(client_id) == nil end, 50)
    end
    vim.cmd(failures == 0 and 'qa!' or 'cq!')
  end,
})
