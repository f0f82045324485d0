-- A stand-in for exactly the parts of Kong's PDK and ngx that the pre-function consumer mapping
-- (harness/targets/kong/lua.ts) calls, so that its Lua runs under LuaJIT (the Lua Kong runs) with
-- the environment a Kong sandbox gives it: `kong` and `ngx`, nothing else. Usage:
--   luajit kong-standin.lua <chunk file> <scenario file>
-- The scenario file is Lua returning { var = {...}, headers = {...}, consumers = {...}, lookup_error = "..." }.
-- It prints what happened, one fact a line: "exit <status> <message>", "auth <username>",
-- "upstream <header>: <value>" (the headers the upstream would get), "log <message>".

local chunk_file, scenario_file = arg[1], arg[2]
local scenario = dofile(scenario_file)

local function read(path)
  local f = assert(io.open(path, "rb"))
  local s = f:read("*a")
  f:close()
  return s
end

-- Headers are case-insensitive in Kong; keep them by lower-case name, report them as set.
local upstream = {}
for name, value in pairs(scenario.headers or {}) do upstream[name:lower()] = { name = name, value = value } end

local exited = false
local kong = {
  response = {
    exit = function(status, body)
      exited = true
      print(("exit %d %s"):format(status, type(body) == "table" and tostring(body.message) or tostring(body)))
    end,
  },
  client = {
    load_consumer = function(name, by_username)
      assert(by_username == true, "consumers are looked up by username")
      if scenario.lookup_error then return nil, scenario.lookup_error end
      return (scenario.consumers or {})[name], nil
    end,
    authenticate = function(consumer, credential)
      assert(credential == nil, "no credential entity exists for a certificate here")
      print("auth " .. consumer.username)
    end,
  },
  service = {
    request = {
      set_header = function(name, value)
        assert(type(value) == "string" or type(value) == "number", "set_header: " .. name .. " needs a string value, got " .. type(value))
        upstream[name:lower()] = { name = name, value = tostring(value) }
      end,
      clear_header = function(name) upstream[name:lower()] = nil end,
    },
  },
  log = { err = function(...) print("log " .. table.concat({ ... })) end },
}
local ngx = { var = scenario.var or {} }

local fn = assert(loadstring(read(chunk_file), "=pre-function"))
-- Kong runs untrusted Lua in a sandbox: only what it hands over is there.
setfenv(fn, { kong = kong, ngx = ngx })
fn()
if not exited then
  local names = {}
  for key in pairs(upstream) do names[#names + 1] = key end
  table.sort(names)
  for _, key in ipairs(names) do print(("upstream %s: %s"):format(upstream[key].name, upstream[key].value)) end
end
