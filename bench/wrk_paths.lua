-- Cycles through the request paths listed (one per line) in the file named by KAIXU_PATHS,
-- each wrk thread starting at a different offset. KAIXU_TOKEN, when set, is sent as a bearer token.
local paths = {}
local index = 0

function setup(thread)
  thread:set("offset", math.random(1, 1000))
end

function init(args)
  local file = assert(io.open(os.getenv("KAIXU_PATHS"), "r"))
  for line in file:lines() do
    paths[#paths + 1] = line
  end
  file:close()
  index = (offset or 0) % #paths
  local token = os.getenv("KAIXU_TOKEN")
  if token then
    wrk.headers["Authorization"] = "Bearer " .. token
  end
end

function request()
  index = index % #paths + 1
  return wrk.format("GET", paths[index])
end
