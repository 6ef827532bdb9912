-- Drives Neovim's built-in LSP client (0.7+) against a server command, for
-- tests/e2e/lsp_tap_test.py. Run as:
--
--   GODIAG_NVIM_CMD='["godiag","lsp","tap","--trace","T","--","gopls"]' \
--   GODIAG_NVIM_ROOT=/abs/dir GODIAG_NVIM_OPEN=main.go GODIAG_NVIM_RESULT=/abs/result.json \
--   nvim --headless --clean -c 'luafile tests/lsp/clients/nvim_client.lua'
--
-- Optional: GODIAG_NVIM_TIMEOUT (seconds for initialize and for the exit, default 60),
-- GODIAG_NVIM_DIAG_TIMEOUT (seconds to wait for diagnostics, default 20).
--
-- It starts the client with vim.lsp.start_client, attaches a buffer for the file (didOpen),
-- waits for on_init and for publishDiagnostics of that file, then client.stop() (shutdown +
-- exit) and waits for on_exit. The result file gets
--   {"initialized", "server_name", "diagnostics_seen", "diagnostics", "exited", "exit_code",
--    "signal", "forced", "errors"}
-- and Neovim quits (exit status 0 once the result is written, 1 if even that failed).

local res = {
  initialized = false,
  server_name = vim.NIL,
  diagnostics_seen = false,
  diagnostics = -1,
  exited = false,
  exit_code = vim.NIL,
  signal = vim.NIL,
  forced = false,
  errors = {},
}

local function getenv(name, default)
  local v = os.getenv(name)
  if v == nil or v == '' then
    if default == nil then
      error('environment variable ' .. name .. ' is not set')
    end
    return default
  end
  return v
end

local function write_result(path)
  local f = assert(io.open(path, 'w'))
  f:write(vim.fn.json_encode(res))
  f:write('\n')
  f:close()
end

local function run()
  local cmd = vim.fn.json_decode(getenv('GODIAG_NVIM_CMD'))
  local root = getenv('GODIAG_NVIM_ROOT')
  local open = getenv('GODIAG_NVIM_OPEN')
  local timeout_ms = tonumber(getenv('GODIAG_NVIM_TIMEOUT', '60')) * 1000
  local diag_timeout_ms = tonumber(getenv('GODIAG_NVIM_DIAG_TIMEOUT', '20')) * 1000

  local path = open
  if path:sub(1, 1) ~= '/' then
    path = root .. '/' .. open
  end
  local uri = vim.uri_from_fname(path)
  vim.cmd('cd ' .. vim.fn.fnameescape(root))
  vim.cmd('edit ' .. vim.fn.fnameescape(path))
  local bufnr = vim.api.nvim_get_current_buf()
  local ext = path:match('%.(%w+)$') or ''
  local filetypes = { go = 'go', c = 'c', h = 'c', cc = 'cpp', cpp = 'cpp' }
  vim.bo[bufnr].filetype = filetypes[ext] or ext

  local default_diag = vim.lsp.handlers['textDocument/publishDiagnostics']
  local client_id = vim.lsp.start_client({
    name = 'godiag-tap-test',
    cmd = cmd,
    cmd_cwd = root,
    root_dir = root,
    workspace_folders = { { uri = vim.uri_from_fname(root), name = vim.fn.fnamemodify(root, ':t') } },
    handlers = {
      ['textDocument/publishDiagnostics'] = function(err, result, ctx, config)
        if result and result.uri == uri then
          res.diagnostics_seen = true
          res.diagnostics = #result.diagnostics
        end
        return default_diag(err, result, ctx, config)
      end,
    },
    on_init = function(client, result)
      res.initialized = true
      if result and result.serverInfo then
        res.server_name = result.serverInfo.name
      end
    end,
    on_exit = function(code, signal)
      res.exited = true
      res.exit_code = code
      res.signal = signal
    end,
  })
  if not client_id then
    error('vim.lsp.start_client failed')
  end
  vim.lsp.buf_attach_client(bufnr, client_id)

  if not vim.wait(timeout_ms, function() return res.initialized or res.exited end, 20) then
    table.insert(res.errors, 'no on_init within ' .. timeout_ms .. ' ms')
  end
  if res.initialized and not res.exited then
    if not vim.wait(diag_timeout_ms, function() return res.diagnostics_seen or res.exited end, 20) then
      table.insert(res.errors, 'no publishDiagnostics for ' .. uri .. ' within ' .. diag_timeout_ms .. ' ms')
    end
  end

  local client = vim.lsp.get_client_by_id(client_id)
  if client and not res.exited then
    client.stop()
    if not vim.wait(timeout_ms, function() return res.exited end, 20) then
      table.insert(res.errors, 'no on_exit within ' .. timeout_ms .. ' ms after stop(); forcing')
      res.forced = true
      client.stop(true)
      vim.wait(5000, function() return res.exited end, 20)
    end
  end
end

local result_path = os.getenv('GODIAG_NVIM_RESULT')
local ok, err = pcall(run)
if not ok then
  table.insert(res.errors, tostring(err))
end
local wrote = result_path and pcall(write_result, result_path)
if wrote then
  vim.cmd('qa!')
else
  io.stderr:write('nvim_client: ' .. vim.inspect(res) .. '\n')
  vim.cmd('cquit 1')
end
