return { command = function(node, args) return { out = "docker stub " .. #args .. "\n" } end }
