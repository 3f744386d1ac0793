-- A retired account signs nothing any more and its keys leave the key registry at once; its deployments stay.
ALTER TABLE accounts ADD COLUMN retired_at TIMESTAMP WITH TIME ZONE;
